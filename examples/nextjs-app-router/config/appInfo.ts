// The docs' appInfo; the domains come from the environment so the app runs on any port.
export const appInfo = {
  appName: "Portcullis Next.js example",
  apiDomain: process.env.API_DOMAIN ?? "http://localhost:3000",
  websiteDomain: process.env.WEBSITE_DOMAIN ?? "http://localhost:3000",
  apiBasePath: "/api/auth",
  websiteBasePath: "/auth",
};
