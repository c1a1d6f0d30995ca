import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: {
      // Node 20 is supported by our machines but the SDK warns about it on every client.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Tests never reach real AWS: fake keys, and clients are pointed at mocks or 127.0.0.1 fakes.
      AWS_ACCESS_KEY_ID: 'AKIDFAKEFORTESTS',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-for-tests',
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_DEV: 'false',
    },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
