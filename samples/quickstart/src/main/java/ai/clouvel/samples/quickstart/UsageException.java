package ai.clouvel.samples.quickstart;

/** The command line is wrong: an unknown command or option, or a bad value. Exit code 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
