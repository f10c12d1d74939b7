package dev.eventfold.knative;

/** One thing a cluster would reject or silently mis-route, named by the manifest file it is in. */
public record Problem(String file, String message) {

    @Override
    public String toString() {
        return file + ": " + message;
    }
}
