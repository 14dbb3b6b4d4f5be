/** Generic controllers that map one input type to one output type, used for a node's config-to-spec steps. */
package dev.anvil.cosi.runtime.transform;
