import * as nextjs from "../nextjs";
export * from "../nextjs";
export default nextjs;
