import { createTheme, Drawer, localStorageColorSchemeManager, Modal } from '@mantine/core';

/** Where the light/dark choice is remembered; public/color-scheme.js reads the same key before paint. */
export const COLOR_SCHEME_KEY = 'relata-color-scheme';

/** Remembers the colour scheme in local storage. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_KEY });

/** The Relata theme: indigo accents, rounded corners, the system font stack. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Close buttons of dialogs need a name for screen readers and keyboard users.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});
