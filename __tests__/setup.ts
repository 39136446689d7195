import { Testing } from 'cdktf';

Testing.setupJest();

// The tests run on this machine's Node.js, which the AWS SDK warns about in 9 lines (NodeVersionSupportWarning) the
// first time a client is made; the local API's workers turn it off the same way.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
