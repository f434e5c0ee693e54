/* The GOV.UK error pattern (issue 14): the error summary takes the focus after a failed submit
   (autofocus does it without JavaScript too), and each of its links moves the focus to the
   field's input and shows its label, not just the input, at the top of the view. */
(function () {
  "use strict";
  if (window.delaktigErrorSummary) { return; }
  window.delaktigErrorSummary = true;

  function labelFor(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset && fieldset.querySelector("legend")) { return fieldset.querySelector("legend"); }
    return document.querySelector("label[for='" + input.id + "']") || input;
  }

  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    if (document.activeElement !== summary) { summary.focus(); }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!input) { return; }
      event.preventDefault();
      labelFor(input).scrollIntoView();
      input.focus({ preventScroll: true });
      if (history.replaceState) { history.replaceState(null, "", link.hash); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
