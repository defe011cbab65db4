import { requestEarly } from "../lib/early.ts";
import { firstViewRequests } from "./first-view.ts";

// Imported first by main.tsx, so this runs before React and the router are evaluated: the first view's data is
// requested while the rest of the bundle loads.
performance.mark("loupe:entry");
requestEarly(firstViewRequests(window.location.pathname, window.location.search));
