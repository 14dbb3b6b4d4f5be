package dev.anvil.cosi.runtime;

/** What a {@link QController} reconciles with: reads and writes checked against its declaration. */
public interface QContext extends ControllerReader, ControllerWriter {
}
