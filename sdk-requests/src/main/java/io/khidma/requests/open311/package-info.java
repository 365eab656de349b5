/**
 * Open311 GeoReport v2 compatibility, JSON only: the shapes of {@code /open311/v2/}, so an Open311
 * client (a city app, a 311 integration) lists services, reads their form fields as attributes,
 * submits requests and follows them. Like the CKAN layer of open data, a translation of the
 * platform's own API; the server side is {@code io.khidma.requests.server.Open311Resource}.
 */
package io.khidma.requests.open311;
