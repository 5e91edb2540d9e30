/**
 * The directory of health professionals and establishments (SPEC §1): identity, profession,
 * specialty, structure, city and the role each activity is performed in; search by name,
 * specialty and city; import of the public directory extract.
 * Owns tables {@code directory_professional}, {@code directory_activity}, {@code directory_structure}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform"})
package health.carnet.directory;
