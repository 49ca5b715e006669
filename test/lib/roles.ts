import type { Template } from 'aws-cdk-lib/assertions';

/** An IAM policy statement as synthesised. */
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/**
 * Policy statements of each function's role, by function name: policies
 * attach to roles and functions name their role, so both are followed.
 */
export function statementsByFunction(
  template: Template,
): Record<string, Statement[]> {
  const functions = template.findResources('AWS::Lambda::Function');
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));

  return Object.fromEntries(
    Object.values(functions).map((fn) => {
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = policies
        .filter((policy) =>
          policy.Properties.Roles.some(
            (role: { Ref?: string }) => role.Ref === roleId,
          ),
        )
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

      return [fn.Properties.FunctionName as string, statements];
    }),
  );
}

/** The actions of `statements` that start with `prefix`, sorted. */
export function actionsWith(statements: Statement[], prefix: string): string[] {
  return statements
    .flatMap((statement) => [statement.Action].flat())
    .filter((action) => action.startsWith(prefix))
    .sort();
}
