"""provenance: claim-and-source provenance tracker."""
