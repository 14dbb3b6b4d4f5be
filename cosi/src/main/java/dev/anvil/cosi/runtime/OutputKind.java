package dev.anvil.cosi.runtime;

/** Whether one controller alone writes a type, or several do (each only the resources it created). */
public enum OutputKind {
    EXCLUSIVE,
    SHARED
}
