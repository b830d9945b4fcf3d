using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Files;

/// <summary>An uploaded file: use <c>url</c> in articles (cover, images in the body, attachments).</summary>
public sealed record UploadedFile(string Key, string Url, string ContentType, long Size);

/// <summary>Editors upload images and PDFs; anyone reads them at /files/{key}.</summary>
public static class FilesApi
{
    public static IServiceCollection AddFiles(this IServiceCollection services)
    {
        services.AddSettings<StorageOptions>("Storage");
        services.AddSingleton<IValidateOptions<StorageOptions>, S3StorageOptions.Validator>();
        services.AddSingleton<IFileStorage>(provider =>
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.S3.IsConfigured
                ? ActivatorUtilities.CreateInstance<S3FileStorage>(provider)
                : ActivatorUtilities.CreateInstance<DiskFileStorage>(provider));
        services.AddSingleton<FileStore>().AddSingleton<PublicFileUrls>();
        return services;
    }

    public static RouteGroupBuilder MapFiles(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value.MaxUploadBytes;
        // No common prefix: uploads are under /api/v1/admin, the public reads at /files/{key} (short URLs in articles).
        var files = app.MapGroup("");
        files.MapPost("/api/v1/admin/files", UploadAsync).WithTags("Files (editors)").WithName("UploadFile")
            .WithSummary("Upload an image (JPEG, PNG, GIF, WebP) or a PDF as multipart/form-data field `file`; the type is read from the content.")
            .RequireAuthorization(AuthPolicies.Editor)
            // Bearer tokens, not cookies, authenticate staff: there is no cross-site form to forge.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + 64 * 1024));
        files.MapGet("/files/{key}", ReadAsync).WithTags("Files").WithName("GetFile")
            .WithSummary("A public file uploaded by staff, cacheable for a year (keys never change content).");
        return files;
    }

    private static async Task<Results<Created<UploadedFile>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        IFormFile? file, [AsParameters] FileUploads uploads, CancellationToken ct)
    {
        var (staff, storage, files, options, time) = uploads;
        if (file is null || file.Length == 0)
        {
            return new FieldErrors().Add("file", "请选择要上传的文件").ToProblem();
        }

        if (file.Length > options.Value.MaxUploadBytes)
        {
            return ApiProblem.Create(413, "file.too_large", "文件过大", $"单个文件不超过 {options.Value.MaxUploadBytes / 1024 / 1024} MB。");
        }

        await using var content = file.OpenReadStream();
        var head = new byte[FileKinds.SniffLength];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (FileKinds.Detect(head.AsSpan(0, read)) is not { } kind)
        {
            return new FieldErrors().Add("file", "只能上传 JPG、PNG、GIF、WebP 图片或 PDF 文件（按文件内容判断）").ToProblem();
        }

        content.Position = 0;
        var key = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.{kind.Extension}";
        await storage.SaveAsync(key, content, ct);
        var name = Path.GetFileName(file.FileName);
        await files.RecordAsync(key, kind.ContentType, file.Length, name.Length > 200 ? name[..200] : name, staff.StaffId(),
            time.GetUtcNow().UtcDateTime, ct);

        return TypedResults.Created($"/files/{key}", new UploadedFile(key, $"/files/{key}", kind.ContentType, file.Length));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ReadAsync(
        string key, IFileStorage storage, HttpContext http, CancellationToken ct)
    {
        var stream = FileKinds.IsKey(key) ? await storage.OpenReadAsync(key, ct) : null;
        if (stream is null)
        {
            return ApiProblem.Create(404, "file.not_found", "文件不存在");
        }

        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        var kind = FileKinds.ByExtension(key[(key.LastIndexOf('.') + 1)..])!;
        // Ranges need a seekable stream (the folder's); a bucket's answer streams whole.
        return TypedResults.Stream(stream, kind.ContentType, enableRangeProcessing: stream.CanSeek);
    }
}

/// <summary>
/// What an upload needs besides the file: who uploads, where the bytes go, the record of them, the size limit and the
/// clock. Bound with <c>[AsParameters]</c>.
/// </summary>
public readonly record struct FileUploads(
    ClaimsPrincipal Staff, IFileStorage Storage, FileStore Files, IOptions<StorageOptions> Options, TimeProvider Time);
