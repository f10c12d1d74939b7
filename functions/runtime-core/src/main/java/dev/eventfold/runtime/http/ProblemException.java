package dev.eventfold.runtime.http;



/** Thrown by a resource to answer with a {@link Problem} (e.g. 401, 404, 413, 415). */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
    }

    public ProblemException(int status, String title, String detail) {
        this(Problem.of(status, title, detail));
    }

    public Problem problem() {
        return problem;
    }
}
