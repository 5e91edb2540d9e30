package health.carnet.directory;

/** A practice or establishment where professionals work; {@code finess} is null for a private practice. */
public record Structure(String id, String finess, String name, String sectorCode, String sectorLabel,
                        String postalCode, String cityCode, String city) {
}
