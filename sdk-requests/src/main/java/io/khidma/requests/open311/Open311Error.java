package io.khidma.requests.open311;

/** One error of Open311's error list: {@code [{"code": 404, "description": "..."}]}. */
public record Open311Error(int code, String description) {}
