// The error classes balena-sdk throws for API keys (balena-errors), as real
// Error subclasses: `instanceof`, `name`, `code` (on the prototype, as
// balena-errors has it), the message and the extra fields all match.

/** The base of every balena error. */
export class BalenaError extends Error {
  constructor(message) {
    super(message);
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
};
for (const [name, type] of Object.entries(errors)) {
  type.prototype.code = name;
}
