// The report's filters and search over the finding cards, a view per source or per event from
// the address (#source=ID, #subject=NAME). Joined after sortable.js into the page's one script
// (allowed by its hash in the page's CSP): each keeps its strict mode inside its own function.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card[data-kind]"));
  var sources = JSON.parse(document.getElementById("source-ids").textContent);
  var fields = ["kind", "attribute", "subject", "source", "status"];
  function wanted() {
    var w = {};
    fields.forEach(function (f) { w[f] = form.elements[f].value; });
    w.q = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    return w;
  }
  function shows(card, w) {
    var d = card.dataset;
    if (w.kind && d.kind !== w.kind) { return false; }
    if (w.attribute && d.attribute !== w.attribute) { return false; }
    if (w.subject && d.subject !== w.subject) { return false; }
    if (w.status && d.status !== w.status) { return false; }
    if (w.source && (" " + d.s + " ").indexOf(" " + sources.indexOf(w.source) + " ") < 0) { return false; }
    if (w.q.length) {
      var text = card.textContent.toLowerCase();
      return w.q.every(function (word) { return text.indexOf(word) >= 0; });
    }
    return true;
  }
  function own(card, w) {
    // in a source's view, that source's own value shows in each of its cards, however far down
    var n = w.source ? " " + sources.indexOf(w.source) + " " : null, mine = false;
    card.querySelectorAll("[data-s]").forEach(function (el) {
      var is = n !== null && (" " + el.dataset.s + " ").indexOf(n) >= 0;
      el.classList.toggle("own", is);
      if (el.hasAttribute("data-extra")) { el.hidden = !is; }
      if (is && el.tagName === "LI") { mine = true; }
    });
    var more = card.querySelector("details.more.values");
    if (more && mine) { more.open = true; }
  }
  function apply() {
    var w = wanted(), shown = 0;
    cards.forEach(function (card) {
      var ok = shows(card, w); card.hidden = !ok; shown += ok ? 1 : 0;
      if (ok) { own(card, w); }
    });
    document.getElementById("shown").textContent = shown + " of " + cards.length + " findings shown";
  }
  function fromHash() {
    var m = /^#(source|subject|kind|attribute)=(.+)$/.exec(location.hash);
    if (!m) { return; }
    form.reset();
    form.elements[m[1]].value = decodeURIComponent(m[2]);
    apply();
    document.getElementById("findings").scrollIntoView();
  }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  window.addEventListener("hashchange", fromHash);
  fromHash();
  apply();
})();
