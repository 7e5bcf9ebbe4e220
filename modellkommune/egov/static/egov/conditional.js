// Progressive enhancement: fields that are only needed under a condition are hidden until the
// condition holds. Without JavaScript every field stays visible and the server checks the rules.
(function () {
  "use strict";
  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      return el.value;
    }
    return "";
  }
  function update(form) {
    form.querySelectorAll("[data-egov-if-field]").forEach(function (el) {
      var wrapper = el.closest(".field");
      if (!wrapper || wrapper.classList.contains("field-error")) return;
      var current = valueOf(form, el.dataset.egovIfField);
      var wanted = el.dataset.egovIfValue;
      wrapper.hidden = wanted ? current !== wanted : current === "";
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-egov-if-field]")) return;
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("input", function () { update(form); });
    update(form);
  });
})();
