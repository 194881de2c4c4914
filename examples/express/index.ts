import { configFromEnvironment } from "./config";
import { createApp } from "./app";

const config = configFromEnvironment();
createApp(config).listen(config.port, () => {
  console.log(`API listening on ${config.apiDomain} (core: ${config.connectionURI})`);
});
