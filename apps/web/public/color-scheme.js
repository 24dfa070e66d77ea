/* global window, document */
// Sets Mantine's color scheme attribute before React starts, so a dark theme does not flash light.
// Keep the storage key in sync with src/app/theme.ts (COLOR_SCHEME_KEY).
(function () {
  var scheme = 'light';
  try {
    var stored = window.localStorage.getItem('relata-color-scheme');
    if (stored === 'light' || stored === 'dark') scheme = stored;
    else if (window.matchMedia('(prefers-color-scheme: dark)').matches) scheme = 'dark';
  } catch (e) {
    // Storage unavailable: keep the light theme.
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
