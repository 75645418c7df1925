// Live SMS length on the SMS rendition form: alphabet, segments and characters, as
// lantoa/content/sms.py counts them (the server checks again on save). No inline script: CSP.
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[~]|€";
  var TYPOGRAPHIC = {"“": "\"", "”": "\"", "„": "\"", "«": "\"", "»": "\"", "‘": "'", "’": "'", "‚": "'",
    "–": "-", "—": "-", "‑": "-", "−": "-", "…": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "•": "-", "đ": "d", "Đ": "D"};

  function septets(ch) {
    if (BASIC.indexOf(ch) >= 0) { return 1; }
    if (EXTENSION.indexOf(ch) >= 0) { return 2; }
    return null;
  }

  function unaccented(text) {
    var plain = Array.from(text).map(function (ch) { return TYPOGRAPHIC[ch] || ch; }).join("");
    return plain.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  }

  function pack(costs, single, concatenated) {
    var total = costs.reduce(function (a, b) { return a + b; }, 0);
    if (total <= single) { return total ? 1 : 0; }
    var segments = 1, used = 0;
    costs.forEach(function (cost) {
      if (used + cost > concatenated) { segments += 1; used = 0; }
      used += cost;
    });
    return segments;
  }

  function measure(text) {
    var chars = Array.from(text);
    var unicode = chars.some(function (ch) { return septets(ch) === null; });
    var costs = chars.map(function (ch) {
      return unicode ? (ch.codePointAt(0) > 0xffff ? 2 : 1) : septets(ch);
    });
    return {
      unicode: unicode,
      characters: chars.length,
      segments: unicode ? pack(costs, 70, 67) : pack(costs, 160, 153)
    };
  }

  function start() {
    var input = document.querySelector("[data-sms-counter]");
    var output = document.querySelector("[data-sms-output]");
    if (!input || !output) { return; }
    var plain = document.querySelector("[data-sms-unaccented]");
    var limit = document.querySelector("[data-sms-limit]");
    function update() {
      var text = input.value.split(/\s+/).filter(Boolean).join(" ");
      if (plain && plain.checked) { text = unaccented(text); }
      var length = measure(text);
      var max = limit ? parseInt(limit.value, 10) || 3 : 3;
      var over = length.segments > max;
      output.textContent = (length.unicode ? output.dataset.labelUcs2 : output.dataset.labelGsm7) +
        " · " + length.segments + " " + output.dataset.labelSegments +
        " · " + length.characters + " " + output.dataset.labelCharacters +
        (over ? " · " + output.dataset.labelOver : "");
      output.classList.toggle("lt-sms-counter--over", over);
      output.dataset.segments = String(length.segments);
    }
    [input, plain, limit].forEach(function (el) {
      if (el) { el.addEventListener("input", update); el.addEventListener("change", update); }
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
