// The entry chunk is kept tiny: it starts the first view's requests (session, catalog, a list's first page) as soon
// as it runs, then loads the app — React and the router are a chunk of their own, downloaded and evaluated while
// those answers are on their way. Bundled into one chunk, the requests went out only after all of it was parsed.
import "./app/start-early.ts";
import "./app/styles.css";

void import("./app/boot.tsx").then(({ boot }) => boot());
