using System.Text;
using System.Text.Json;
using Shangmi.Api.Common.AtRest;
using Shangmi.Api.Tips;

namespace Shangmi.Api.Surveys;

/// <summary>What a response holds: the answers by question key and the “其他” texts.</summary>
public sealed record SealedAnswers(Dictionary<string, JsonElement> Answers, Dictionary<string, string> Other)
{
    public static readonly SealedAnswers Empty = new([], []);
}

/// <summary>
/// An enterprise's answers are commercially sensitive: they are sealed with AES-256-GCM under a key derived for
/// surveys alone and bound to (survey, enterprise), so a value copied to another response fails to open.
/// </summary>
public sealed class SurveySecrets(TipCrypto crypto)
{
    private readonly SealingKeys _keys = crypto.Keys.Derive("survey-answers");

    public string ActiveKeyId => _keys.ActiveKeyId;

    public byte[] Seal(long surveyId, long enterpriseId, SealedAnswers answers) =>
        _keys.Seal(JsonSerializer.SerializeToUtf8Bytes(answers), Bound(surveyId, enterpriseId, ActiveKeyId));

    public SealedAnswers Open(long surveyId, long enterpriseId, string keyId, byte[] sealedValue) =>
        JsonSerializer.Deserialize<SealedAnswers>(_keys.Open(keyId, sealedValue, Bound(surveyId, enterpriseId, keyId)))!;

    private static byte[] Bound(long surveyId, long enterpriseId, string keyId) =>
        Encoding.UTF8.GetBytes($"v1|survey.answers|survey={surveyId}|enterprise={enterpriseId}|key={keyId}");
}
