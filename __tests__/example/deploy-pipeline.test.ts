import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { REQUIRED_TERRAFORM_VERSION, stateKey } from '../../src/constructs/state-backend';
import { ApiStack } from '../../example/api-stack';
import { ENVIRONMENTS } from '../../example/environments';

describe('a pipeline stack folder', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-stack-'));
  const app = new App({ outdir });
  new ApiStack(app, 'prod', { ...ENVIRONMENTS.prod, backend: { type: 'pipeline' } });
  app.synth();
  const stackDir = path.join(outdir, 'stacks', 'prod');
  const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('holds an empty s3 backend block and no backend value in any file', () => {
    const files = fs.readdirSync(stackDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const texts = files.map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));

    expect(tf.terraform.backend).toEqual({ s3: {} });
    expect(tf['//'].metadata.backend).toBe('s3');
    for (const text of texts) expect(text).not.toMatch(/tfstate|use_lockfile|"bucket"|"key"\s*:/);
  });

  test('pins Terraform and one exact version of each provider, so a pipeline with others fails at init', () => {
    expect(tf.terraform.required_version).toBe('>= 1.10.0');
    // "aws" is Terraform's short form of hashicorp/aws (terraform internal/addrs ParseProviderSourceString): cdktf's
    // binding writes the one, CDK Terrain's the other. Which versions: api-stack.test.ts checks them against the schemas.
    expect(tf.terraform.required_providers).toEqual({
      aws: { source: expect.stringMatching(/^(hashicorp\/)?aws$/), version: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
      archive: { source: 'hashicorp/archive', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
    });
  });
});

// No YAML parser is a dependency of the project (js-yaml is only in jest's own tree), so the workflows are read as text.
describe('the CI recipe in example/ci', () => {
  const deploy = fs.readFileSync(path.join(__dirname, '..', '..', 'example', 'ci', 'deploy.yml'), 'utf8');
  const deployStack = fs.readFileSync(path.join(__dirname, '..', '..', 'example', 'ci', 'deploy-stack.yml'), 'utf8');
  /** The offsets of `texts` in `text`, failing when one is missing, so the test can check their order. */
  const offsets = (text: string, texts: string[]) =>
    texts.map((wanted) => {
      expect({ wanted, found: text.includes(wanted) }).toEqual({ wanted, found: true });
      return text.indexOf(wanted);
    });
  const ascending = (numbers: number[]) => [...numbers].sort((a, b) => a - b);

  test('tests and synthesizes once: npm ci, npm test, npm run synth, then hands on the stack folders', () => {
    const steps = offsets(deploy, ['- run: npm ci', '- run: npm test', '- run: npm run synth', 'path: cdktf.out/stacks/']);

    expect(steps).toEqual(ascending(steps));
  });

  test('deploys every environment in its own job, dev before prod', () => {
    for (const environment of Object.keys(ENVIRONMENTS)) {
      expect(deploy).toContain(`  ${environment}:\n    needs: `);
      expect(deploy).toMatch(new RegExp(`uses: ./.github/workflows/deploy-stack.yml\\n    with:\\n      environment: ${environment}\\n`));
    }
    expect(deploy).toContain('  prod:\n    needs: dev\n');
  });

  test('inits with the state key the s3 backend would use, then plans to a file and applies that plan, in the stack folder', () => {
    const steps = offsets(deployStack, [
      'terraform init',
      '-backend-config="bucket=$TF_STATE_BUCKET"',
      `-backend-config="key=${stateKey('$STACK')}"`,
      '-backend-config="region=$TF_STATE_REGION"',
      '-backend-config="use_lockfile=true"',
      '-backend-config="encrypt=true"',
      'run: terraform plan -out=tfplan',
      'run: terraform apply tfplan',
    ]);

    expect(steps).toEqual(ascending(steps));
    expect(deployStack).toContain('working-directory: cdktf.out/stacks/${{ inputs.environment }}');
    expect(deployStack).toContain('STACK: ${{ inputs.environment }}');
  });

  test('stops before init when the stack does not take an s3 backend from the pipeline', () => {
    expect(deployStack).toContain(`if ! jq -e '.terraform.backend.s3' cdk.tf.json > /dev/null; then`);
  });

  test('runs one deployment per environment at a time, never cancelling one', () => {
    expect(deployStack).toContain('concurrency:\n      group: terraform-state-${{ inputs.environment }}\n      cancel-in-progress: false\n');
    expect(deployStack).toContain('environment: ${{ inputs.environment }}');
  });

  test('assumes an AWS role through OIDC and holds no AWS keys', () => {
    expect(deployStack).toContain('id-token: write');
    expect(deploy.match(/id-token: write/g)).toHaveLength(Object.keys(ENVIRONMENTS).length);
    expect(deployStack).toContain('role-to-assume: ${{ vars.AWS_ROLE_ARN }}');
    expect(`${deploy}${deployStack}`).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\./);
  });

  test('pins a Terraform version the stacks accept', () => {
    const pinned = /terraform_version: (\d+)\.(\d+)\.(\d+)\n/.exec(deployStack)!.slice(1).map(Number);
    const [, major, minor] = /^>= (\d+)\.(\d+)\.0$/.exec(REQUIRED_TERRAFORM_VERSION)!.map(Number);

    expect(pinned[0] > major || (pinned[0] === major && pinned[1] >= minor)).toBe(true);
  });

  test('caches npm downloads and the Terraform plugin cache, keyed on the exact provider versions', () => {
    expect(deploy).toContain('cache: npm');
    expect(deployStack).toContain(`jq -cS '.terraform.required_providers' cdk.tf.json | sha256sum`);
    expect(deployStack).toContain('key: terraform-plugins-${{ runner.os }}-${{ steps.providers.outputs.hash }}');
    expect(deployStack).toContain("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true'");
  });
});
