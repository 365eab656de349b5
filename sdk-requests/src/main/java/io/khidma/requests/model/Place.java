package io.khidma.requests.model;

/** Where the consultant goes: an address, its district, and the point on a map when known. */
public record Place(String address, String district, Double latitude, Double longitude) {

    public Place {
        if (address == null || address.isBlank() || address.length() > 500) {
            throw new IllegalArgumentException("address must be 1-500 characters");
        }
        if (district == null || district.isBlank() || district.length() > 200) {
            throw new IllegalArgumentException("district must be 1-200 characters");
        }
        if (latitude != null && (latitude.isNaN() || latitude < -90 || latitude > 90)) {
            throw new IllegalArgumentException("latitude must be -90 to 90");
        }
        if (longitude != null && (longitude.isNaN() || longitude < -180 || longitude > 180)) {
            throw new IllegalArgumentException("longitude must be -180 to 180");
        }
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("latitude and longitude go together");
        }
    }
}
