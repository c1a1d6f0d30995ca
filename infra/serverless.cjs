// Serverless resolves `${file(...)}` with require(), which cannot load TypeScript. This shim loads the
// typed infra modules through tsx and hands Serverless plain objects for the stage being packaged.
const tsx = require('tsx/cjs/api');

// `sls invoke local` resolves CloudFormation references in environment variables by asking the deployed stack,
// which needs credentials; locally those variables are left empty instead (the functions then dry-run).
const invokeLocal = process.argv.includes('invoke') && process.argv.includes('local');

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const { serverlessFragment } = tsx.require('./serverless.ts', __filename);
  return serverlessFragment(stage, { invokeLocal });
};
