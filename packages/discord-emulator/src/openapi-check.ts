/**
 * Checks requests against Discord's own OpenAPI 3.1 description of its API (../shared/reference/
 * discord-openapi/openapi.json beside the repository): the method and path must be an operation of
 * the spec, its path and query parameters must fit their schemas, and the JSON body (or a multipart
 * body's payload_json and file fields) must fit the operation's requestBody schema. The spec is read
 * once per process and each operation's validators are compiled on first use.
 *
 * Allowed differences, each narrow (see ../shared/reference/discord-openapi/README.md):
 * - INTEGER_STRING_PROPERTIES: properties the docs type as strings holding an integer while the spec
 *   says integer; a decimal string is accepted there, and only there.
 * - Extra properties are not violations, as in the spec itself (it never sets additionalProperties).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ajvFormats from 'ajv-formats';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RecordedRequest } from './http.js';

// ajv-formats is CommonJS: imported from ESM, its plugin is the module's `default` property.
const addFormats = ajvFormats.default;

export const DISCORD_OPENAPI_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/reference/discord-openapi/openapi.json');

/** Properties the docs type as string (an integer in a string) but the spec types as integer. */
export const INTEGER_STRING_PROPERTIES: readonly string[] = ['default_member_permissions'];

/** One request that does not fit the spec. */
export interface SpecViolation {
  readonly method: string;
  readonly path: string;
  /** The spec's path template it matched, e.g. /interactions/{interaction_id}/{interaction_token}/callback; null if none. */
  readonly operation: string | null;
  /** Each problem as "<where><instance path>: <message>", e.g. "body/data/embeds/0/title: must be string,null". */
  readonly errors: readonly string[];
}

export type CheckedRequest = Pick<RecordedRequest, 'method' | 'path' | 'query' | 'contentType' | 'body' | 'files'>;

type Json = Record<string, unknown>;

interface Operation {
  readonly template: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  /** Literal segments: more means more specific (…/messages/@original before …/messages/{message_id}). */
  readonly literals: number;
  /** The operation object of the spec (parameters, requestBody…) and the path item holding it. */
  readonly definition: Json;
  readonly pathItem: Json;
  validators?: OperationValidators;
}

interface OperationValidators {
  readonly parameters: ValidateFunction;
  /** The query parameters' schemas, by name (resolved: to read their type). */
  readonly querySchemas: ReadonlyMap<string, Json>;
  readonly bodyRequired: boolean;
  /** By media type (application/json, multipart/form-data, …): the body's errors, none if it fits. */
  readonly bodies: ReadonlyMap<string, BodyCheck>;
}

type BodyCheck = (instance: unknown) => string[];

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const SPEC_ID = 'discord-openapi.json';

/** The checker of one spec file; see loadSpecChecker. */
export class SpecChecker {
  private readonly operations: Operation[] = [];
  private readonly ajv: Ajv2020;

  private readonly components: Json;

  constructor(published: Json) {
    const spec = allowIntegerStrings(published) as Json;
    this.components = spec['components'] as Json;
    // The spec is trusted input: not validated against the meta-schema, refs compiled once each,
    // no code optimisation pass (compiling is most of the cost, and tests compile on first use).
    const options = { strict: false, allErrors: true, validateSchema: false, inlineRefs: false, code: { optimize: false } } as const;
    this.ajv = new Ajv2020(options);
    addFormats(this.ajv);
    // The spec's own formats: snowflake always comes with its pattern (checked), nonce is an integer or a string.
    this.ajv.addFormat('snowflake', true);
    this.ajv.addFormat('nonce', true);
    // Only components: every $ref of the spec points there, and adding paths too costs ~300 ms.
    this.ajv.addSchema({ components: this.components, $id: SPEC_ID });
    for (const [template, pathItem] of Object.entries(spec['paths'] as Record<string, Json>)) {
      const parameterNames: string[] = [];
      const segments = template.split('/').map((segment) => {
        const parameter = /^\{(\w+)\}$/.exec(segment);
        if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        parameterNames.push(parameter[1]!);
        return '([^/]+)';
      });
      for (const method of HTTP_METHODS) {
        const definition = pathItem[method] as Json | undefined;
        if (!definition) continue;
        this.operations.push({
          template,
          method: method.toUpperCase(),
          pattern: new RegExp(`^${segments.join('/')}$`),
          parameterNames,
          literals: template.split('/').length - parameterNames.length,
          definition,
          pathItem,
        });
      }
    }
    this.operations.sort((a, b) => b.literals - a.literals);
  }

  /** Null when the request fits the spec. */
  check(request: CheckedRequest): SpecViolation | null {
    const method = request.method.toUpperCase();
    let operation: Operation | undefined;
    let found: RegExpExecArray | null = null;
    for (const candidate of this.operations) {
      found = candidate.method === method ? candidate.pattern.exec(request.path) : null;
      if (found) {
        operation = candidate;
        break;
      }
    }
    if (!operation || !found) return { method, path: request.path, operation: null, errors: [`no ${method} ${request.path} in Discord's OpenAPI spec`] };
    const validators = (operation.validators ??= this.compile(operation));
    const errors: string[] = [];

    const pathValues = Object.fromEntries(operation.parameterNames.map((name, index) => [name, found[index + 1]!]));
    const query = Object.fromEntries(Object.entries(request.query).map(([name, value]) => [name, fromQueryText(value, validators.querySchemas.get(name))]));
    const parameters = { path: pathValues, query };
    if (!validators.parameters(parameters)) errors.push(...describe(validators.parameters.errors, 'params'));
    for (const name of Object.keys(request.query)) if (!validators.querySchemas.has(name)) errors.push(`query/${name}: not a parameter of this operation`);

    const hasBody = request.body !== null || request.files.length > 0;
    if (!hasBody) {
      if (validators.bodyRequired) errors.push('body: required, none sent');
    } else {
      const mediaType = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const validate = validators.bodies.get(mediaType);
      if (!validate) {
        errors.push(`body: ${mediaType || 'no content type'} is not accepted here (${[...validators.bodies.keys()].join(', ') || 'no body'})`);
      } else {
        // A multipart body is the form: payload_json's fields beside the file fields (files[n]).
        const instance = mediaType === 'multipart/form-data' ? multipartInstance(request) : request.body;
        errors.push(...validate(instance));
      }
    }
    return errors.length === 0 ? null : { method, path: request.path, operation: operation.template, errors };
  }

  private compile(operation: Operation): OperationValidators {
    const declared = [
      ...((operation.pathItem['parameters'] as Json[] | undefined) ?? []),
      ...((operation.definition['parameters'] as Json[] | undefined) ?? []),
    ];
    const group = (where: string) => {
      const own = declared.filter((parameter) => parameter['in'] === where);
      return {
        type: 'object',
        properties: Object.fromEntries(own.map((parameter) => [parameter['name'] as string, parameter['schema']] as const)),
        required: own.filter((parameter) => parameter['required'] === true).map((parameter) => parameter['name']),
      };
    };
    // Parameter schemas hold $refs into the spec's components: rebased, they resolve there.
    const parameters = this.ajv.compile({ type: 'object', properties: { path: rebase(group('path')), query: rebase(group('query')) } });
    const requestBody = operation.definition['requestBody'] as { content?: Json; required?: boolean } | undefined;
    const bodies = new Map<string, BodyCheck>();
    for (const [mediaType, content] of Object.entries(requestBody?.content ?? {})) bodies.set(mediaType, this.bodyCheck((content as Json)['schema'] as Json));
    return {
      parameters,
      querySchemas: new Map(
        declared
          .filter((parameter) => parameter['in'] === 'query')
          .map((parameter) => [parameter['name'] as string, this.resolve(parameter['schema'] as Json)]),
      ),
      bodyRequired: requestBody?.required === true,
      bodies,
    };
  }

  /**
   * A union whose every branch fixes `type` (interaction callbacks: 4/5 message, 9 modal, 8
   * autocomplete…) is checked against the branches that allow the body's type only: the others would
   * fail on `type` anyway. Same verdict as the whole anyOf, errors about the branch that was meant, and
   * only that branch is compiled. Other schemas are compiled whole, on first use.
   */
  private bodyCheck(schema: Json): BodyCheck {
    const branches = (this.resolve(schema)['anyOf'] as Json[] | undefined)?.map((branch) => ({ schema: branch, types: this.allowedTypes(branch) }));
    if (branches && branches.every((branch) => branch.types !== null)) {
      const checks = branches.map((branch) => ({ types: branch.types!, check: this.lazyCheck(branch.schema) }));
      return (instance) => {
        const type = (instance as Json | null)?.['type'];
        const meant = checks.filter((branch) => branch.types.includes(type));
        if (meant.length === 0) return [`body/type: must be one of ${JSON.stringify(checks.flatMap((branch) => branch.types))}`];
        const failures = meant.map((branch) => branch.check(instance));
        return failures.some((errors) => errors.length === 0) ? [] : failures.flat();
      };
    }
    return this.lazyCheck(schema);
  }

  private lazyCheck(schema: Json): BodyCheck {
    let validate: ValidateFunction | null = null;
    return (instance) => {
      validate ??= this.ajv.compile(rebase(schema) as Json);
      return validate(instance) ? [] : describe(validate.errors, 'body');
    };
  }

  /** A schema with its $ref (into components) followed. */
  private resolve(schema: Json): Json {
    const ref = schema['$ref'];
    if (typeof ref !== 'string') return schema;
    const found = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], { components: this.components });
    return this.resolve(found as Json);
  }

  /** The values a schema allows for the property `type` (its enum or const), or null if it does not fix it. */
  private allowedTypes(schema: Json): unknown[] | null {
    const type = (this.resolve(schema)['properties'] as Json | undefined)?.['type'] as Json | undefined;
    if (!type) return null;
    if (Array.isArray(type['enum'])) return type['enum'] as unknown[];
    return 'const' in type ? [type['const']] : null;
  }
}

let cached: SpecChecker | null | undefined;

/**
 * The checker for DISCORD_OPENAPI_FILE, built once per process; null (after one console warning) when
 * the file is absent, so a missing spec is visible, never a silent pass.
 */
export function loadSpecChecker(): SpecChecker | null {
  if (cached !== undefined) return cached;
  if (!existsSync(DISCORD_OPENAPI_FILE)) {
    console.warn(`discord-emulator: ${DISCORD_OPENAPI_FILE} is absent: requests are NOT checked against Discord's OpenAPI spec`);
    cached = null;
  } else {
    cached = new SpecChecker(JSON.parse(readFileSync(DISCORD_OPENAPI_FILE, 'utf8')) as Json);
  }
  return cached;
}

/**
 * The violation of a request the emulator recorded, if any; null when it fits or when the spec is
 * absent (loadSpecChecker has warned).
 */
export function checkAgainstSpec(request: CheckedRequest, invalidBody = false): SpecViolation | null {
  const checker = loadSpecChecker();
  if (!checker) return null;
  if (invalidBody) return { method: request.method, path: request.path, operation: null, errors: ['body: not parseable (JSON, or multipart payload_json)'] };
  return checker.check(request);
}

/** "POST /interactions/1/tok/callback (spec /interactions/{…}/{…}/callback): body/data/embeds/0/title: must be string" */
export function formatViolation(violation: SpecViolation): string {
  const operation = violation.operation ? ` (spec ${violation.operation})` : '';
  return `${violation.method} ${violation.path}${operation}: ${violation.errors.join('; ')}`;
}

/** A query value is text; as the spec types it: "true"/"false" for a boolean, digits for a number. */
function fromQueryText(value: string, schema: Json | undefined): unknown {
  const type = schema?.['type'];
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function multipartInstance(request: CheckedRequest): unknown {
  const payload = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Json) : {};
  return { ...payload, ...Object.fromEntries(request.files.map((file) => [file.field, `<${file.size} bytes>`])) };
}

/**
 * The spec with each INTEGER_STRING_PROPERTIES property, where typed integer, also accepting a
 * decimal string (only that property, only that form).
 */
function allowIntegerStrings(spec: unknown): unknown {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') {
        out[key] = Object.fromEntries(
          Object.entries(value as Json).map(([name, schema]) => [
            name,
            INTEGER_STRING_PROPERTIES.includes(name) && typesInteger(schema)
              ? { anyOf: [schema, { type: 'string', pattern: '^(0|[1-9][0-9]*)$' }] }
              : visit(schema),
          ]),
        );
      } else {
        out[key] = visit(value);
      }
    }
    return out;
  };
  return visit(spec);
}

function typesInteger(schema: unknown): boolean {
  const type = (schema as Json | null)?.['type'];
  return type === 'integer' || (Array.isArray(type) && type.includes('integer'));
}

/** Makes a parameter schema's local $refs ("#/components/…") point into the spec. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${SPEC_ID}${value}` : rebase(value),
    ]),
  );
}

/**
 * ajv errors as "where/instance/path: message", readable: the "must match a schema in anyOf/oneOf"
 * summaries are dropped when a branch says more, the `{type: null}` branch of the spec's nullable
 * idiom (oneOf [null, $ref]) is dropped when the other branch has errors at or under the same place,
 * and the allowed values of enum/const branches at one place are merged into one line.
 */
function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  const all = errors ?? [];
  const specific = all.filter((error) => error.keyword !== 'anyOf' && error.keyword !== 'oneOf');
  const kept = (specific.length > 0 ? specific : all).filter(
    (error) =>
      !(
        error.keyword === 'type' &&
        error.params['type'] === 'null' &&
        all.some(
          (other) =>
            other !== error &&
            other.keyword !== 'anyOf' &&
            other.keyword !== 'oneOf' &&
            isAtOrUnder(other.instancePath, error.instancePath) &&
            !(other.keyword === 'type' && other.params['type'] === 'null'),
        )
      ),
  );
  const allowed = new Map<string, unknown[]>();
  const lines: string[] = [];
  for (const error of kept) {
    if (error.keyword === 'enum' || error.keyword === 'const') {
      const values: unknown[] = error.keyword === 'enum' ? (error.params['allowedValues'] as unknown[]) : [error.params['allowedValue']];
      allowed.set(error.instancePath, [...(allowed.get(error.instancePath) ?? []), ...values]);
    } else {
      lines.push(`${where}${error.instancePath}: ${error.message ?? error.keyword}`);
    }
  }
  for (const [instancePath, values] of allowed) lines.push(`${where}${instancePath}: must be one of ${JSON.stringify([...new Set(values)])}`);
  return [...new Set(lines)];
}

function isAtOrUnder(instancePath: string, parent: string): boolean {
  return instancePath === parent || instancePath.startsWith(`${parent}/`);
}
