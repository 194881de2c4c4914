// Public path `@portcullis/node/framework/express`: every file under src/entry/ is one import
// path (package.json "exports" maps `./<p>`, `./<p>/index`, `./<p>/index.js` to dist/entry/<p>.js).
// `export *` gives the named exports; `default` the same members (docs/protocol/sdk-surface.md §1.1 module shape).
import * as framework from "../../framework/express";
export * from "../../framework/express";
export default framework;
