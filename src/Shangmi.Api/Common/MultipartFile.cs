using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Shangmi.Api.Common;

/// <summary>
/// The <c>file</c> part of a <c>multipart/form-data</c> upload (what <c>wx.uploadFile</c> sends), read by hand from the
/// request body: the framework's form binding would spool a file over 64 KB to a temporary file, in clear, and the
/// uploads that use this (tip evidence, service request attachments) are encrypted before they touch the disk.
/// </summary>
public static class MultipartFile
{
    /// <summary>The body's boundary, or null when the request is not <c>multipart/form-data</c> (a 415).</summary>
    public static string? Boundary(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
        && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is { Length: > 0 } boundary
            ? boundary
            : null;

    /// <summary>
    /// The next section that is a file named <c>file</c>, with the file's own name (or <paramref name="fallbackName"/>),
    /// or null when the body has none. A broken body throws <see cref="LimitedStream.BrokenUploadException"/>.
    /// </summary>
    public static async Task<(MultipartSection Section, string Name)?> NextFileAsync(MultipartReader reader, string fallbackName, CancellationToken ct)
    {
        while (await LimitedStream.Guard(() => reader.ReadNextSectionAsync(ct)) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.IsFileDisposition() && disposition.Name.Value?.Trim('"') == "file")
            {
                return (section, Path.GetFileName((disposition.FileNameStar.Value ?? disposition.FileName.Value ?? fallbackName).Trim('"')));
            }
        }

        return null;
    }
}
