/**
 * Generic controllers that clean up after others: {@code DestroyController} destroys unowned resources once their
 * teardown is done, {@code CleanupController} holds a resource with a finalizer until what depends on it is gone.
 */
package dev.anvil.cosi.runtime.cleanup;
