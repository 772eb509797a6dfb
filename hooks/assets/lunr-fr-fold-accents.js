
/* French search ignores accents: "requete" finds "requête", "securite" finds "sécurité".
   Appended to Material's lunr.fr.min.js by hooks/search_accents.py: the same folding runs
   on the indexed words and on the query, before the other steps of the pipeline. */
(function (lunr) {
  if (!lunr || !lunr.fr || lunr.fr.foldAccents) return;
  var fold = function (word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
  };
  var foldAccents = function (token) {
    return token.update(fold);
  };
  lunr.Pipeline.registerFunction(foldAccents, "foldAccents-fr");
  var french = lunr.fr;
  lunr.fr = function () {
    french.apply(this, arguments);
    this.pipeline.before(lunr.fr.trimmer, foldAccents);
    if (this.searchPipeline) this.searchPipeline.before(lunr.fr.stemmer, foldAccents);
  };
  for (var key in french) if (Object.prototype.hasOwnProperty.call(french, key)) lunr.fr[key] = french[key];
  lunr.fr.foldAccents = foldAccents;
  // Query words with a wildcard (Material adds one while the visitor types) skip the
  // pipeline: fold every query clause's word as it is added to the query.
  var addClause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (clause) {
    if (clause && typeof clause.term === "string") clause.term = fold(clause.term);
    return addClause.call(this, clause);
  };
})(typeof lunr !== "undefined" ? lunr : undefined);
