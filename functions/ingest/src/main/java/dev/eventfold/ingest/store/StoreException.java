package dev.eventfold.ingest.store;

/** PostgreSQL failed while ingest read or wrote its tables: a transient fault, answered with 503. */
public class StoreException extends RuntimeException {

    public StoreException(String what, Throwable cause) {
        super("PostgreSQL failed " + what + ": " + cause.getMessage(), cause);
    }
}
