
/* French search ignores accents: "requete" finds "requête", "securite" finds "sécurité".
   Appended to Material's lunr.fr.min.js by hooks/search_accents.py: the same folding runs
   on the indexed words and on the query, before the other steps of the pipeline. */
(function (lunr) {
  if (!lunr || !lunr.fr || lunr.fr.foldAccents) return;
  var foldAccents = function (token) {
    return token.update(function (word) {
      return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
    });
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
})(typeof lunr !== "undefined" ? lunr : undefined);
