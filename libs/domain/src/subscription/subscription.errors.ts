import { DomainError } from '../shared/domain.error';

export class SubscriptionAlreadyExistsError extends DomainError {
  readonly code = 'subscription_already_exists';
  readonly kind = 'conflict';

  constructor(subscriptionId: string) {
    super(`Subscription ${subscriptionId} already exists`, { subscriptionId });
  }
}

export class SubscriptionNotFoundError extends DomainError {
  readonly code = 'subscription_not_found';
  readonly kind = 'not_found';

  constructor(subscriptionId: string) {
    super(`Subscription ${subscriptionId} does not exist or was removed`, { subscriptionId });
  }
}

/** The rule a subscription's fields break: names the field, as validation errors do. */
export class InvalidSubscriptionError extends DomainError {
  readonly code = 'invalid_subscription';
  readonly kind = 'invalid';

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`, { field, problem });
  }
}
