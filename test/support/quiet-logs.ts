import { Logger } from '@nestjs/common';

/**
 * Before every test file (jest.config.js, setupFiles): what is logged outside
 * an app (the migrations a test runs) goes where the apps' lines go. Silent
 * unless TEST_LOG_LEVEL asks for logs (test-app.ts): then through the app's
 * logger at that level, loaded only then (it costs every unit spec time).
 */
if (process.env.TEST_LOG_LEVEL) {
  const [{ useAppLogger }, { NodeEnv }] = await Promise.all([
    import('../../src/common/logging/logging.module.js'),
    import('../../src/config/environment.js'),
  ]);
  useAppLogger({ logLevel: process.env.TEST_LOG_LEVEL, nodeEnv: NodeEnv.Test });
} else {
  Logger.overrideLogger(false);
}
