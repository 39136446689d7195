import { ISynthesisSession } from 'cdktf';
// cdktf-internal: not in cdktf's public API (its doc: "intended for use by the CDKTF only"). TerraformAsset uses it
// to write files into the stack folder at synth; cdktn 0.24.0 has it at the same path, behind the same symbol.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { IConstruct } from 'constructs';

// What the constructs use of cdktf beyond its public API: an internal function, an encoding, a message text. Each
// may change without notice in cdktf or in its fork CDK Terrain (cdktn), so each is here, once, and nowhere else in
// src/; `npm run test:terrain` runs the suite on the fork to see that they still hold (docs/cdk-terrain.md). The one
// other dependence on cdktf's insides, StateBackend's TerraformBackend subclass, is marked where it is.

/** Runs `write` when the stack of `construct` is synthesized, with the session (its output folder and manifest). */
export function onSynthesize(construct: IConstruct, write: (session: ISynthesisSession) => void): void {
  addCustomSynthesis(construct, { onSynthesize: write });
}

/**
 * cdktf-internal: how a token is written inside a string (lib/tokens/private/encoding.js): a list token as an
 * element of a string array starts with `#{TfToken[`, and every kind (`${`, `#{`, `&{`) holds `{TfToken[`.
 * Checking for them is much cheaper than `Token.isUnresolved` on every string of a large definition.
 */
export const LIST_TOKEN_MARKER = '#{TfToken[';
export const ANY_TOKEN_MARKER = '{TfToken[';

/**
 * cdktf-internal: the problems of the Error cdktf throws when `addValidation` checks fail at synth (lib/errors.js
 * `stackValidationFailure`: "Validation failed with the following errors:", then `  [<construct path>] <message>`
 * per problem, then its advice to skip validation), or undefined for any other error; the same text in cdktn 0.24.0.
 */
export function validationFailures(error: unknown): { readonly path: string; readonly message: string }[] | undefined {
  if (!(error instanceof Error)) return undefined;
  const failure = /^Validation failed with the following errors:\n {2}([\s\S]*?)(?:\n\nIf you wish to ignore these validations[\s\S]*)?$/.exec(error.message);
  if (!failure) return undefined;
  return failure[1].split(/\n {2}(?=\[)/).map((problem) => {
    const [, path, message] = /^\[([^\]]*)\] ([\s\S]*)$/.exec(problem) ?? [undefined, '', problem];
    return { path, message };
  });
}
