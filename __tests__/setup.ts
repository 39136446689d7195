import { Testing } from 'cdktf';

// cdktf-internal: registers cdktf's jest matchers (public API, in cdktn 0.24.0 too); their types: support/helpers.ts.

Testing.setupJest();
