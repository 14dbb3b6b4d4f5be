package dev.anvil.machinery.proto;

/** The State RPCs, for the error mapping: one state error is a different status code on different calls. */
public enum StateCall {
    GET, LIST, CREATE, UPDATE, DESTROY, WATCH, TEARDOWN, TEARDOWN_AND_DESTROY
}
