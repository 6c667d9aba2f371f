// The review app's one script: filters that apply as they change, and a selection in a source's
// text turned into the offsets of a new claim. Offsets count code points, as Python's str does; each piece of the text carries its own.
"use strict";
(function () {
  // The findings' filters apply as they change, as the report's do (the button stays for a
  // browser without scripts): a menu at once, the search after a pause in typing.
  var filters = document.querySelector("form.filters");
  if (filters) {
    var pause = null, q = filters.elements.q;
    if (q && document.activeElement === q) { q.setSelectionRange(q.value.length, q.value.length); }
    filters.addEventListener("change", function (e) {
      if (e.target.tagName === "SELECT") { filters.requestSubmit(); }
    });
    filters.addEventListener("input", function (e) {
      if (e.target.type !== "search") { return; }
      clearTimeout(pause);
      pause = setTimeout(function () { filters.requestSubmit(); }, 600);
    });
  }
})();
(function () {
  var text = document.getElementById("text");
  var form = document.getElementById("add-claim");
  if (!text || !form) { return; }
  function points(s) { return Array.from(s).length; }
  function pieceOf(node) {
    var el = node.nodeType === 3 ? node.parentElement : node;
    return el && el.closest ? el.closest("[data-o]") : null;
  }
  // The source offset of a boundary point (container, offset) of a range inside the text.
  function offsetOf(container, offset) {
    if (container.nodeType === 3) {
      var piece = pieceOf(container);
      if (!piece) { return null; }
      if (piece.dataset.n) { return +piece.dataset.o + (offset > 0 ? +piece.dataset.n : 0); }
      return +piece.dataset.o + points(container.data.slice(0, offset));
    }
    var child = container.childNodes[offset];
    while (child && child.nodeType !== 1) { child = child.nextSibling; }
    if (child) {
      var first = child.matches("[data-o]") ? child : child.querySelector("[data-o]");
      if (first) { return +first.dataset.o; }
    }
    return +text.dataset.length;
  }
  function update() {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount) { return; }
    var range = sel.getRangeAt(0);
    // a click in the form moves the selection there: the passage chosen in the text stays
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var start = null, end = null;
    if (!sel.isCollapsed) {
      start = offsetOf(range.startContainer, range.startOffset);
      end = offsetOf(range.endContainer, range.endOffset);
    }
    var ok = start !== null && end !== null && end > start;
    document.getElementById("sel-start").value = ok ? start : "";
    document.getElementById("sel-end").value = ok ? end : "";
    document.getElementById("sel-quote").textContent = ok ? "“" + sel.toString() + "” (" + start + ":" + end + ")" : "(nothing selected)";
    document.getElementById("add-button").disabled = !ok;
  }
  document.addEventListener("selectionchange", update);
})();
