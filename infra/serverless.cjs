// Serverless resolves `${file(...)}` with require(), which cannot load TypeScript. This shim loads the
// typed infra modules through tsx and hands Serverless plain objects for the stage being packaged.
const tsx = require('tsx/cjs/api');

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const { serverlessFragment } = tsx.require('./serverless.ts', __filename);
  return serverlessFragment(stage);
};
