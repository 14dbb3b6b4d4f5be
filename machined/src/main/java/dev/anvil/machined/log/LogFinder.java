package dev.anvil.machined.log;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Sends what libraries log through {@link System.Logger} (the COSI runtime's controller failures) to {@link Log},
 * so that those lines take machined's format too; registered as a service in META-INF/services. Below INFO is
 * dropped.
 */
public final class LogFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Logger(name);
    }

    private record Logger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.INFO.getSeverity() && level != Level.OFF;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                Log.log(level(level), localized(bundle, msg), thrown, "logger", name);
            }
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
            if (isLoggable(level)) {
                Log.log(level(level), msgSupplier.get(), thrown, "logger", name);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String text = localized(bundle, format);
                Log.log(level(level), params == null || params.length == 0 ? text
                        : MessageFormat.format(text, params), null, "logger", name);
            }
        }

        private static Log.Level level(Level level) {
            return switch (level) {
                case ERROR -> Log.Level.ERROR;
                case WARNING -> Log.Level.WARN;
                case INFO -> Log.Level.INFO;
                default -> Log.Level.DEBUG;
            };
        }

        private static String localized(ResourceBundle bundle, String key) {
            if (bundle == null || key == null) {
                return key;
            }
            try {
                return bundle.getString(key);
            } catch (MissingResourceException e) {
                return key;
            }
        }
    }
}
