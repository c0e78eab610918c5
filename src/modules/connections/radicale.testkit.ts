// A real CalDAV server (Debian's radicale) for this module's tests; it lives with the test harness so benchmarks can start it too.
export { eventIcs, radicaleCommand, skipWithoutRadicale, startRadicale, type RadicaleServer } from '../../test/radicale.js';
