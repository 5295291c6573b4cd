/** Asked for a projection the runner was not given. */
export class UnknownProjectionError extends Error {
  constructor(readonly projectionName: string) {
    super(`Unknown projection "${projectionName}"`);
    this.name = 'UnknownProjectionError';
  }
}

/** The projection has no tables yet: its runner has never started on this database. */
export class ProjectionUnavailableError extends Error {
  constructor(readonly projectionName: string) {
    super(`Projection "${projectionName}" has not been built yet: start the projection runner first`);
    this.name = 'ProjectionUnavailableError';
  }
}

/** `skip` needs a poison event to skip. */
export class ProjectionNotFailedError extends Error {
  constructor(readonly projectionName: string) {
    super(`Projection "${projectionName}" is not stopped at a poison event: there is nothing to skip`);
    this.name = 'ProjectionNotFailedError';
  }
}

/** A projection or one of its tables is declared in a way the runner cannot serve. */
export class InvalidProjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidProjectionError';
  }
}
