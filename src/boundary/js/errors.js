// The error classes balena-sdk throws for API keys (balena-errors), as real
// Error subclasses: `instanceof`, `name`, `code` (on the prototype, as
// balena-errors has it), the message and the extra fields all match.

/** The base of every balena error. */
export class BalenaError extends Error {
  constructor(message, options) {
    super(message, options);
    // The name its `errors` key gives it (set on each class's prototype
    // below), which survives a bundler that renames classes; a subclass of
    // the user's keeps its own class name.
    const { prototype } = new.target;
    this.name = Object.prototype.hasOwnProperty.call(prototype, 'code') ? prototype.code : new.target.name;
  }
}
BalenaError.prototype.code = 'BalenaError';
BalenaError.prototype.exitCode = 1;

/** A parameter had a value the method cannot use. */
export class BalenaInvalidParameterError extends BalenaError {
  constructor(parameterName, suppliedValue) {
    super(`Invalid parameter: ${suppliedValue} is not a valid value for parameter '${parameterName}'`);
    this.parameterName = parameterName;
    this.suppliedValue = suppliedValue;
  }
}

/** There is no (valid) session: log in first. */
export class BalenaNotLoggedIn extends BalenaError {
  constructor() {
    super('You have to log in');
  }
}

/** The API answered with an HTTP status of 400 or more. */
export class BalenaRequestError extends BalenaError {
  constructor(body, statusCode, requestOptions, responseHeaders) {
    super(`Request error: ${body}`);
    this.body = body;
    this.statusCode = statusCode;
    this.requestOptions = requestOptions;
    this.responseHeaders = responseHeaders;
  }
}

/** No application matched the slug, uuid or id. */
export class BalenaApplicationNotFound extends BalenaError {
  constructor(application) {
    super(`Application not found: ${application}`);
    this.application = application;
  }
}

/** More than one application matched the slug or uuid. */
export class BalenaAmbiguousApplication extends BalenaError {
  constructor(application) {
    super(`Application is ambiguous: ${application}`);
    this.application = application;
  }
}

/** No device matched the uuid or id. */
export class BalenaDeviceNotFound extends BalenaError {
  constructor(device) {
    super(`Device not found: ${device}`);
    this.device = device;
  }
}

/** The session token (a JWT) has expired. */
export class BalenaExpiredToken extends BalenaError {
  constructor(token) {
    super('The token expired');
    this.token = token;
  }
}

/** The stored token could not be read as a token. */
export class BalenaMalformedToken extends BalenaError {
  constructor(token) {
    super('Malformed token');
    this.token = token;
  }
}

/** No named API key of the user has the id (`extras.apiKey.rotate`). */
export class BalenaApiKeyNotFound extends BalenaError {
  constructor(id) {
    super(`API key not found: ${id}`);
    this.id = id;
  }
}

/**
 * A rotation made its new key but could not revoke the old one, so both
 * keys are valid. `key` holds the new secret, kept out of the message and
 * of enumeration so that logging the error does not print it.
 */
export class BalenaApiKeyRotationIncomplete extends BalenaError {
  constructor(id, oldId, key, cause) {
    const made = id == null ? 'a new API key (its id could not be told apart)' : `API key ${id}`;
    const why = describe(cause);
    super(`Created ${made} but could not revoke API key ${oldId}, so both are valid: ${why}`, { cause });
    this.id = id ?? null;
    this.oldId = oldId;
    Object.defineProperty(this, 'key', { value: key, enumerable: false });
  }
}

/** A thrown value's message, or its string form (never throwing). */
function describe(value) {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return 'an unprintable value was thrown';
  }
}

/** Every class above, by name: `sdk.errors` and the package's `errors`. */
export const errors = {
  BalenaError,
  BalenaInvalidParameterError,
  BalenaNotLoggedIn,
  BalenaRequestError,
  BalenaApplicationNotFound,
  BalenaAmbiguousApplication,
  BalenaDeviceNotFound,
  BalenaExpiredToken,
  BalenaMalformedToken,
  BalenaApiKeyNotFound,
  BalenaApiKeyRotationIncomplete,
};
for (const [name, type] of Object.entries(errors)) {
  type.prototype.code = name;
}
