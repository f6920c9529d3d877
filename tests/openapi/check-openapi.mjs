#!/usr/bin/env node
// Checks resources/openapi/openapi.json, banterd's OpenAPI 3.1 description, against the code:
//   1. the document is valid OpenAPI 3.1 (swagger-parser's validate(): the 3.1 JSON Schema and every $ref), plus what
//      swagger-parser does not check for 3.x: unique operationIds, path templates and path parameters agreeing, the
//      JSON types and `required` lists of the schemas;
//   2. every route registered in server/http/*.cpp (router.add(Method::X, u"/path"_s, Access::Y, ...) and
//      router.addRaw(...)) is in the document with the same method and path (QHttpServer's <arg> is {name} there),
//      and the document lists no operation that is not registered;
//   3. each operation's security and x-banter-access agree with the route's Access level.
// Exit status 0 only when everything matches.
//
//   node tests/openapi/check-openapi.mjs [CHECKOUT_DIR]     (default: the checkout this file is in)
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHECKOUT = path.resolve(process.argv[2] ?? path.join(HERE, "..", ".."));
const DOC_PATH = path.join(CHECKOUT, "resources", "openapi", "openapi.json");
const ROUTES_DIR = path.join(CHECKOUT, "server", "http");
const SERVER_DIR = path.join(CHECKOUT, "server");
const MIN_ROUTES = 70; // fewer found means the extraction below is broken, not that routes went away

// Documented before the route exists (it is being added); a note is printed while it is not registered.
const DOCUMENTED_AHEAD = new Set();
// Registered but deliberately not REST, so not in the document (a note is printed when found): "METHOD /path"
// exactly, or "/prefix*" for every method and path under it.
const NOT_REST = new Map([
  ["GET /metrics", "Prometheus metrics, not part of the REST API"],
  ["OPTIONS /<arg>", "the CORS preflight answer for every path (server/http/CorsRoutes.cpp), not an API operation"],
  ["/socket.io/*", "Engine.IO / Socket.IO transport (docs/protocol.md), not REST"],
  ["/app*", "the web client's static files (server/http/StaticRoutes.cpp), not REST"],
]);
const notRest = (key) => {
  if (NOT_REST.has(key)) return NOT_REST.get(key);
  const routePath = key.slice(key.indexOf(" ") + 1);
  for (const [pattern, why] of NOT_REST)
    if (pattern.endsWith("*") && routePath.startsWith(pattern.slice(0, -1))) return why;
  return undefined;
};

const METHODS = { Get: "GET", Post: "POST", Put: "PUT", Delete: "DELETE", Patch: "PATCH", Head: "HEAD", Options: "OPTIONS" };
const OPENAPI_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const ACCESS = { Public: "public", User: "user", Moderator: "moderator", Admin: "admin" };

const failures = [];
const notes = [];
const fail = (msg) => failures.push(msg);
const rel = (p) => path.relative(CHECKOUT, p) || ".";

// ---------------------------------------------------------------------------------------------------------------
// C++ sources: comments blanked (string and character literals kept, newlines kept for line numbers).

function stripComments(src) {
  let out = "";
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if (c === "/" && next === "/") {
      while (i < n && src[i] !== "\n") { out += " "; i++; }
    } else if (c === "/" && next === "*") {
      out += "  ";
      i += 2;
      while (i < n && !(src[i] === "*" && src[i + 1] === "/")) { out += src[i] === "\n" ? "\n" : " "; i++; }
      if (i < n) { out += "  "; i += 2; }
    } else if (c === "R" && next === '"' && !/[A-Za-z0-9_]/.test(src[i - 1] ?? "")) {
      // raw string literal R"delim( ... )delim"
      const open = src.indexOf("(", i + 2);
      const delim = src.slice(i + 2, open);
      const close = src.indexOf(")" + delim + '"', open);
      const end = close < 0 ? n : close + delim.length + 2;
      out += src.slice(i, end);
      i = end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const lineOf = (text, index) => text.slice(0, index).split("\n").length;

// router.add(Method::Get, u"/api/x/<arg>"_s, Access::User, handler), also router.addRaw, ->add, QHttpServerRequest::
// Method::Get, QStringLiteral("/x"), "/x"_L1, and any line breaks between the arguments.
const STRING_LITERAL =
  String.raw`(?:(?:QStringLiteral|QLatin1StringView|QLatin1String|QString|QByteArrayLiteral)\s*\(\s*)?` +
  String.raw`(?:u8|u|U|L)?"((?:[^"\\\n]|\\.)*)"(?:_s|_L1|_qs|_ba)?\s*\)?`;
const ROUTE_CALL = new RegExp(
  String.raw`(?:\.|->)\s*(add|addRaw)\s*\(\s*(?:QHttpServerRequest\s*::\s*)?Method\s*::\s*(\w+)\s*,\s*` +
    STRING_LITERAL +
    String.raw`\s*,\s*([A-Za-z_][\w:]*)`,
  "g"
);
// Every call that looks like a registration, understood by ROUTE_CALL or not.
const ANY_ROUTER_ADD_CALL = /\brouter\s*(?:\.|->)\s*add(?:Raw)?\s*\(/g;
const ANY_METHOD_ADD_CALL = /(?:\.|->)\s*add(?:Raw)?\s*\(\s*(?:QHttpServerRequest\s*::\s*)?Method\s*::/g;
// Routes put on QHttpServer directly, bypassing ApiRouter: server.route(u"/path"_s, [Method::X,] ...).
const DIRECT_ROUTE = new RegExp(
  String.raw`(?:\.|->)\s*route\s*\(\s*` + STRING_LITERAL +
    String.raw`\s*(?:,\s*(?:QHttpServerRequest\s*::\s*)?Method\s*::\s*(\w+))?`,
  "g"
);

function resolveAccess(token, text, where) {
  const direct = /^(?:Banter::Server::)?Access::(\w+)$/.exec(token);
  let level = direct?.[1];
  if (!level && /^\w+$/.test(token)) {
    const def = new RegExp(String.raw`\bAccess\s+${token}\s*(?:=\s*|\{\s*)Access::(\w+)`).exec(text);
    level = def?.[1];
  }
  if (!level || !ACCESS[level]) {
    fail(`${where}: cannot tell the access level '${token}' (expected Access::Public|User|Moderator|Admin or a local 'const Access NAME = Access::X')`);
    return undefined;
  }
  return ACCESS[level];
}

function cppFiles(dir, recursive) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (recursive) out.push(...cppFiles(full, true));
    } else if (name.endsWith(".cpp")) {
      out.push(full);
    }
  }
  return out;
}

function extractRoutes() {
  const routes = new Map(); // "GET /api/x/<arg>" -> {method, path, access, where}
  const httpFiles = new Set(cppFiles(ROUTES_DIR, false));
  const allFiles = cppFiles(SERVER_DIR, true);
  const add = (key, entry) => {
    const prev = routes.get(key);
    if (prev) fail(`${entry.where}: ${key} is registered twice (also at ${prev.where})`);
    else routes.set(key, entry);
  };
  for (const file of allFiles) {
    const text = stripComments(readFileSync(file, "utf8"));
    const understood = new Set();
    for (const m of text.matchAll(ROUTE_CALL)) {
      const [, , methodName, routePath, accessToken] = m;
      const where = `${rel(file)}:${lineOf(text, m.index)}`;
      understood.add(m.index);
      const method = METHODS[methodName];
      if (!method) {
        fail(`${where}: unknown method Method::${methodName}`);
        continue;
      }
      if (!routePath.startsWith("/")) fail(`${where}: the path '${routePath}' does not start with '/'`);
      add(`${method} ${routePath}`, { method, path: routePath, access: resolveAccess(accessToken, text, where), where });
    }
    // A registration the pattern above did not understand (a path in a variable, a new string form) must not
    // slip through: in server/http every router.add( / router.addRaw( call counts, and everywhere those naming a
    // Method:: (other .add( calls, e.g. a metric family's, are not routes).
    const loose = [...text.matchAll(ANY_METHOD_ADD_CALL)];
    if (httpFiles.has(file)) loose.push(...text.matchAll(ANY_ROUTER_ADD_CALL));
    const reported = new Set();
    for (const m of loose) {
      const at = m.index + m[0].search(/\.|->/); // where ROUTE_CALL's match starts
      if (understood.has(at) || reported.has(at)) continue;
      reported.add(at);
      fail(`${rel(file)}:${lineOf(text, m.index)}: a route registration this check cannot read ` +
        `(expected .add(Method::X, u"/path"_s, Access::Y, ...)): ${text.slice(m.index, m.index + 90).replace(/\s+/g, " ")}`);
    }
    for (const m of text.matchAll(DIRECT_ROUTE)) {
      const [, routePath, methodName] = m;
      const where = `${rel(file)}:${lineOf(text, m.index)}`;
      if (!routePath.startsWith("/")) continue;
      const method = methodName ? METHODS[methodName] : "GET";
      if (!method) {
        fail(`${where}: unknown method Method::${methodName}`);
        continue;
      }
      if (!methodName) notes.push(`${where}: ${routePath} is routed on QHttpServer directly without a method; checked as GET`);
      const key = `${method} ${routePath}`;
      const prev = routes.get(key);
      if (prev?.direct && prev.where.split(":")[0] === rel(file)) {
        // The same direct route on a second QHttpServer of the same class (the metrics listener): one route.
        notes.push(`${where}: ${key} is also routed on another server by the same file (${prev.where})`);
        continue;
      }
      add(key, { method, path: routePath, access: undefined, where, direct: true });
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------------------------
// The document

const JSON_TYPES = new Set(["null", "boolean", "object", "array", "number", "string", "integer"]);

// What swagger-parser leaves unchecked inside Schema Objects under 3.1: type names, enum values of that type,
// required properties that exist.
function lintSchema(schema, where) {
  if (schema === null || typeof schema !== "object") return;
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => lintSchema(s, `${where}/${i}`));
    return;
  }
  if ("type" in schema) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    for (const t of types) if (!JSON_TYPES.has(t)) fail(`${where}: unknown type '${t}'`);
    if (Array.isArray(schema.enum)) {
      const ok = (v) => types.some((t) =>
        t === "null" ? v === null
          : t === "integer" ? Number.isInteger(v)
          : t === "array" ? Array.isArray(v)
          : t === "object" ? v !== null && typeof v === "object" && !Array.isArray(v)
          : typeof v === t);
      for (const v of schema.enum) if (!ok(v)) fail(`${where}: enum value ${JSON.stringify(v)} is not of type ${JSON.stringify(schema.type)}`);
    }
  }
  if (Array.isArray(schema.required) && schema.properties && typeof schema.properties === "object") {
    for (const r of schema.required) if (!(r in schema.properties)) fail(`${where}: required property '${r}' is not in properties`);
  }
  for (const key of ["properties", "patternProperties", "$defs"]) {
    if (schema[key] && typeof schema[key] === "object")
      for (const [k, v] of Object.entries(schema[key])) lintSchema(v, `${where}/${key}/${k}`);
  }
  for (const key of ["items", "additionalProperties", "not", "contains", "if", "then", "else"]) {
    if (schema[key] && typeof schema[key] === "object") lintSchema(schema[key], `${where}/${key}`);
  }
  for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
    if (Array.isArray(schema[key])) lintSchema(schema[key], `${where}/${key}`);
  }
}

function lintContent(content, where) {
  for (const [type, media] of Object.entries(content ?? {})) if (media?.schema) lintSchema(media.schema, `${where}/content/${type}/schema`);
}

function lintHeaders(headers, where) {
  for (const [name, h] of Object.entries(headers ?? {})) if (h?.schema) lintSchema(h.schema, `${where}/headers/${name}/schema`);
}

function resolveRef(doc, obj) {
  if (!obj?.$ref) return obj;
  if (!obj.$ref.startsWith("#/")) return obj;
  return obj.$ref.slice(2).split("/").reduce((o, k) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

function checkDocument(doc) {
  const ops = new Map(); // "GET /api/x/<arg>" -> {operation, docPath}
  const normalizedFrom = new Map();
  const operationIds = new Map();
  const schemes = doc.components?.securitySchemes ?? {};
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) lintSchema(s, `#/components/schemas/${name}`);
  for (const [name, r] of Object.entries(doc.components?.responses ?? {})) {
    lintContent(r.content, `#/components/responses/${name}`);
    lintHeaders(r.headers, `#/components/responses/${name}`);
  }
  for (const [name, h] of Object.entries(doc.components?.headers ?? {})) if (h?.schema) lintSchema(h.schema, `#/components/headers/${name}/schema`);

  for (const [docPath, item] of Object.entries(doc.paths ?? {})) {
    const normalized = docPath.replace(/\{[^}/]+\}/g, "<arg>");
    if (normalizedFrom.has(normalized))
      fail(`paths '${docPath}' and '${normalizedFrom.get(normalized)}' are the same route (${normalized}): use one spelling`);
    normalizedFrom.set(normalized, docPath);
    const templateNames = [...docPath.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]);
    if (new Set(templateNames).size !== templateNames.length) fail(`${docPath}: a path parameter name is used twice`);
    const pathLevel = (item.parameters ?? []).map((p) => resolveRef(doc, p));
    for (const method of OPENAPI_METHODS) {
      const op = item[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${normalized}`;
      const where = `${method.toUpperCase()} ${docPath}`;
      ops.set(key, { op, docPath, where });
      if (!op.operationId) fail(`${where}: no operationId`);
      else if (operationIds.has(op.operationId)) fail(`${where}: operationId '${op.operationId}' is also used by ${operationIds.get(op.operationId)}`);
      else operationIds.set(op.operationId, where);
      if (!op.summary) fail(`${where}: no summary`);
      if (!op.tags?.length) fail(`${where}: no tags`);
      // path parameters: exactly the template's names, each required
      const params = new Map();
      for (const p of [...pathLevel, ...(op.parameters ?? []).map((p) => resolveRef(doc, p))]) {
        if (p?.in === "path") params.set(p.name, p);
        if (p?.schema) lintSchema(p.schema, `${where} parameter ${p.name}`);
      }
      for (const name of templateNames) {
        if (!params.has(name)) fail(`${where}: path parameter {${name}} is not declared in parameters`);
        else if (params.get(name).required !== true) fail(`${where}: path parameter {${name}} must be required: true`);
      }
      for (const name of params.keys()) if (!templateNames.includes(name)) fail(`${where}: parameter '${name}' (in: path) is not in the path`);
      // security: every requirement names a declared scheme
      for (const req of op.security ?? doc.security ?? [])
        for (const name of Object.keys(req)) if (!schemes[name]) fail(`${where}: security scheme '${name}' is not in components.securitySchemes`);
      const body = resolveRef(doc, op.requestBody);
      if (body) lintContent(body.content, `${where} requestBody`);
      if (!op.responses || !Object.keys(op.responses).some((s) => /^[23]/.test(s))) fail(`${where}: no success response`);
      for (const [status, r0] of Object.entries(op.responses ?? {})) {
        const r = resolveRef(doc, r0);
        if (!r) fail(`${where}: response ${status} refers to a missing ${r0.$ref}`);
        else {
          lintContent(r.content, `${where} response ${status}`);
          lintHeaders(r.headers, `${where} response ${status}`);
        }
      }
    }
  }
  return ops;
}

// security and x-banter-access of one operation against the route's Access level
function checkAccess(doc, key, op, access) {
  const declared = op["x-banter-access"];
  if (declared !== access) fail(`${key}: x-banter-access is ${JSON.stringify(declared)} but the route's access is '${access}'`);
  const security = op.security ?? doc.security ?? [];
  const schemes = doc.components?.securitySchemes ?? {};
  const bearer = security.some((req) =>
    Object.keys(req).some((n) => schemes[n]?.type === "http" && String(schemes[n]?.scheme).toLowerCase() === "bearer"));
  const anonymous = security.length === 0 || security.some((req) => Object.keys(req).length === 0);
  if (access === "public" && !anonymous) fail(`${key}: a public route, but its security requires a token (use "security": [])`);
  if (access !== "public" && (!bearer || anonymous)) fail(`${key}: needs a token (access '${access}'), but its security is not the bearer scheme alone`);
  if ((access === "moderator" || access === "admin") && !new RegExp("`" + access + "`").test(op.description ?? ""))
    fail(`${key}: access '${access}', but the description does not name the \`${access}\` role`);
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  console.log(`check-openapi: checkout ${CHECKOUT}`);
  let text;
  try {
    text = readFileSync(DOC_PATH, "utf8");
  } catch (e) {
    console.error(`check-openapi: FAIL: cannot read ${rel(DOC_PATH)}: ${e.message}`);
    return 1;
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    console.error(`check-openapi: FAIL: ${rel(DOC_PATH)} is not valid JSON: ${e.message}`);
    return 1;
  }
  if (doc.openapi !== "3.1.0") fail(`${rel(DOC_PATH)}: "openapi" is ${JSON.stringify(doc.openapi)}, expected "3.1.0"`);

  // 1. OpenAPI 3.1 validity (validate() dereferences in place: give it a copy)
  try {
    await SwaggerParser.validate(structuredClone(doc));
    console.log(`check-openapi: ${rel(DOC_PATH)} is valid OpenAPI ${doc.openapi} (swagger-parser)`);
  } catch (e) {
    fail(`${rel(DOC_PATH)} is not a valid OpenAPI document:\n    ${String(e.message).trim().split("\n").join("\n    ")}`);
  }
  const ops = checkDocument(doc);
  console.log(`check-openapi: the document has ${ops.size} operations in ${Object.keys(doc.paths ?? {}).length} paths`);

  // 2. registered routes
  const routes = extractRoutes();
  const viaRouter = [...routes.values()].filter((r) => !r.direct).length;
  console.log(`check-openapi: found ${routes.size} registered routes (${viaRouter} via ApiRouter in server/, ` +
    `${routes.size - viaRouter} on QHttpServer directly)`);
  if (viaRouter < MIN_ROUTES)
    fail(`only ${viaRouter} routes found in ${rel(ROUTES_DIR)}/*.cpp (at least ${MIN_ROUTES} expected): the extraction is broken`);

  const missing = [];
  let documented = 0;
  for (const [key, route] of routes) {
    const why = notRest(key);
    if (why) {
      notes.push(`${key} (${route.where}) is registered and deliberately not documented: ${why}`);
      if (ops.has(key)) fail(`${key} is in the document but is not a REST route: remove it`);
      continue;
    }
    const entry = ops.get(key);
    if (!entry) {
      missing.push(`${key}   (${route.where})`);
      continue;
    }
    documented++;
    if (route.access) checkAccess(doc, `${entry.where}`, entry.op, route.access);
  }
  const extra = [];
  for (const [key, entry] of ops) {
    if (routes.has(key)) continue;
    if (DOCUMENTED_AHEAD.has(key)) {
      notes.push(`${entry.where} is documented but not registered yet (allowed while the route is being added)`);
      continue;
    }
    extra.push(entry.where);
  }
  if (missing.length)
    fail(`${missing.length} registered route(s) missing from ${rel(DOC_PATH)}:\n    ${missing.join("\n    ")}`);
  if (extra.length)
    fail(`${extra.length} documented operation(s) with no registered route:\n    ${extra.join("\n    ")}`);

  for (const n of notes) console.log(`check-openapi: note: ${n}`);
  if (failures.length) {
    for (const f of failures) console.error(`check-openapi: FAIL: ${f}`);
    console.error(`check-openapi: ${failures.length} problem(s)`);
    return 1;
  }
  console.log(`check-openapi: OK: all ${documented} registered REST routes are documented, and nothing else is`);
  return 0;
}

process.exitCode = await main().catch((e) => {
  console.error(`check-openapi: FAIL: ${e.stack ?? e}`);
  return 1;
});
