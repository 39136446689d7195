import { Testing } from 'cdktf';

// cdktf-internal: registers cdktf's jest matchers (public API, in cdktn 0.24.0 too); their types: support/helpers.ts.

Testing.setupJest();

// The tests run on this machine's Node.js, which the AWS SDK warns about in 9 lines (NodeVersionSupportWarning) the
// first time a client is made; the local API's workers turn it off the same way.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
