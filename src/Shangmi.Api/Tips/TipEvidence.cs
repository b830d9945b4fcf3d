using Microsoft.Extensions.Options;
using Shangmi.Api.Files;

namespace Shangmi.Api.Tips;

/// <summary>Encrypted evidence files, in the folder <see cref="StorageOptions.EvidencePath"/>.</summary>
public sealed class TipEvidenceStore(IOptions<StorageOptions> options, IHostEnvironment environment)
    : PrivateFileStore(Path.GetFullPath(options.Value.EvidencePath, environment.ContentRootPath));
