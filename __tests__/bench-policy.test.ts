import { cloudFormationPolicies, largestPolicy, policyBytes, terraformPolicies } from '../bench/policy';

const EXECUTION_ARN = 'arn:aws-iso-b:execute-api:xx-xxxxxxxxxxxxx-1:123456789012:abcdefghij';

/** A cdk.tf.json with one function and the given permissions. */
function tfWith(permissions: Record<string, Record<string, string>>) {
  return {
    resource: {
      aws_lambda_function: { fn_Function_1: { function_name: 'stack-fn' } },
      aws_lambda_permission: permissions,
    },
  };
}

const PERMISSION = {
  statement_id: 'apigw-prod-GET-items-1a2b3c4d',
  action: 'lambda:InvokeFunction',
  principal: 'apigateway.amazonaws.com',
  function_name: '${aws_lambda_function.fn_Function_1.function_name}',
  source_account: '${data.aws_caller_identity.CallerIdentity.account_id}',
  source_arn: '${aws_api_gateway_rest_api.Api_RestApi_1.execution_arn}/prod/GET/items',
};

describe('terraformPolicies', () => {
  test("renders each permission as the statement Lambda's GetPolicy shows, with the longest ARN parts", () => {
    const policies = terraformPolicies(tfWith({ p: PERMISSION }));

    expect([...policies]).toEqual([
      [
        'fn_Function_1',
        [
          {
            Sid: 'apigw-prod-GET-items-1a2b3c4d',
            Effect: 'Allow',
            Principal: { Service: 'apigateway.amazonaws.com' },
            Action: 'lambda:InvokeFunction',
            Resource: 'arn:aws-iso-b:lambda:xx-xxxxxxxxxxxxx-1:123456789012:function:stack-fn',
            Condition: {
              StringEquals: { 'AWS:SourceAccount': '123456789012' },
              ArnLike: { 'AWS:SourceArn': `${EXECUTION_ARN}/prod/GET/items` },
            },
          },
        ],
      ],
    ]);
  });

  test('fails when a permission names no aws_lambda_function', () => {
    expect(() => terraformPolicies(tfWith({ p: { ...PERMISSION, function_name: 'my-function' } }))).toThrow(
      'aws_lambda_permission.p: function_name my-function names no aws_lambda_function',
    );
  });

  test('fails when a permission holds a reference whose longest value it does not know', () => {
    expect(() => terraformPolicies(tfWith({ p: { ...PERMISSION, source_arn: '${var.api}/prod/GET/items' } }))).toThrow(
      'aws_lambda_permission.p: no longest value known for ${var.api}/prod/GET/items',
    );
  });
});

describe('cloudFormationPolicies', () => {
  const template = {
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: {} },
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'prod' } },
      Permission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] },
          Principal: 'apigateway.amazonaws.com',
          SourceArn: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:eu-west-1:', { Ref: 'AWS::AccountId' }, ':', { Ref: 'Api' }, '/', { Ref: 'Stage' }, '/GET/items']],
          },
        },
      },
    },
  };

  test('renders Fn::Join, the pseudo parameters, the API id and the stage name, with the longest generated names', () => {
    const [[fn, [statement]]] = cloudFormationPolicies(template);

    expect(fn).toBe('Fn');
    expect(statement).toEqual({
      Sid: 's'.repeat(100),
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `arn:aws-iso-b:lambda:xx-xxxxxxxxxxxxx-1:123456789012:function:${'f'.repeat(64)}`,
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws-iso-b:execute-api:eu-west-1:123456789012:abcdefghij/prod/GET/items' } },
    });
  });

  test('fails when a source ARN refers to something whose longest value it does not know', () => {
    const permission = template.Resources.Permission;
    const unknown = { Resources: { ...template.Resources, Permission: { ...permission, Properties: { ...permission.Properties, SourceArn: { Ref: 'Other' } } } } };

    expect(() => cloudFormationPolicies(unknown)).toThrow('Permission: no longest value known for {"Ref":"Other"}');
  });
});

describe('largestPolicy', () => {
  test('gives the bytes and statements of the largest policy, as Lambda stores it', () => {
    const policies = terraformPolicies(tfWith({ a: PERMISSION, b: { ...PERMISSION, statement_id: 'second' } }));
    const [statements] = policies.values();

    expect(largestPolicy(policies)).toEqual({ bytes: policyBytes(statements), statements: 2 });
    expect(policyBytes(statements)).toBe(Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements })));
  });
});
