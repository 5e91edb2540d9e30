package health.carnet.fhir.internal;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;

/**
 * SEC-4, issue #9 row 5 ("bad JSON types"): HAPI's default parser drops a value of the wrong JSON
 * type with a log line (an object where a string is expected, a number where an object is), so a
 * deposit or a patient-entered resource was accepted with part of it silently missing. Here a wrong
 * type refuses the request (400, nothing stored); everything else stays as lenient as HAPI's default
 * (unknown elements are logged and skipped, a value HAPI cannot read is already refused).
 */
final class StrictJsonTypes extends LenientErrorHandler {

    @Override
    public void incorrectJsonType(IParserErrorHandler.IParseLocation location, String element, ValueType expected,
                                  ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
        throw new DataFormatException("The element " + element + " is not of the JSON type FHIR gives it: "
                + describe(expected, expectedScalar) + " expected, " + describe(found, foundScalar) + " found.");
    }

    static String describe(ValueType type, ScalarType scalar) {
        if (type == null) {
            return "another value";
        }
        return switch (type) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            case SCALAR -> scalar == ScalarType.NUMBER ? "a number" : scalar == ScalarType.BOOLEAN ? "true or false" : "a string";
        };
    }
}
