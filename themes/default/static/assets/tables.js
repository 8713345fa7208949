// plansite: a visible cue on tables that scroll sideways (issue 17).
// Every table sits in a labelled, focusable region that scrolls on its own
// (div.table-wrap, role="region", tabindex="0"); its edges get a shadow from
// the stylesheet alone. This script adds the words: a "Scroll sideways" hint
// above each region whose table is wider than the screen, and removes it
// when the table fits again (the window is widened or rotated). No inline
// style or script, so it runs under a strict Content-Security-Policy.
(function () {
  'use strict';
  var regions = document.querySelectorAll('.table-wrap');
  if (!regions.length) return;

  function hintFor(region) {
    var prev = region.previousElementSibling;
    if (prev && prev.classList.contains('table-hint')) return prev;
    var hint = document.createElement('p');
    hint.className = 'table-hint';
    hint.setAttribute('aria-hidden', 'true');
    hint.textContent = 'Scroll sideways to see the whole table';
    hint.hidden = true;
    region.parentNode.insertBefore(hint, region);
    return hint;
  }

  function update() {
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i];
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      region.classList.toggle('table-wrap--scrolls', scrolls);
      if (scrolls) hintFor(region).hidden = false;
      else if (region.previousElementSibling && region.previousElementSibling.classList.contains('table-hint')) region.previousElementSibling.hidden = true;
    }
  }

  update();
  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; update(); });
  });
})();
