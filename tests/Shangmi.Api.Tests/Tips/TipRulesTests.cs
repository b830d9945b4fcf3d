using Shangmi.Api.Tips;

namespace Shangmi.Api.Tests.Tips;

/// <summary>The checks of resumable uploads, tip categories and the working-day calendar, without HTTP.</summary>
public class TipRulesTests
{
    private const int Chunk = EvidenceChunks.ChunkSize;

    [Theory]
    [InlineData(0L, Chunk, 3L * Chunk, true)] // a whole chunk at the start
    [InlineData(Chunk, 2L * Chunk, 3L * Chunk, true)] // the last piece reaches the end
    [InlineData(2L * Chunk, 100L, 2L * Chunk + 100, true)] // a short last piece
    [InlineData(0L, 100L, 3L * Chunk, false)] // a short piece that is not the last
    [InlineData(2L * Chunk, 2L * Chunk, 3L * Chunk, false)] // beyond the declared size
    public void A_piece_stays_within_the_file_and_only_the_last_is_not_whole_chunks(long offset, long length, long size, bool ok)
    {
        Assert.Equal(!ok, TipRules.CheckPiece(offset, length, size).Any);
    }

    [Fact]
    public void A_piece_without_an_offset_or_a_length_names_both_and_nothing_else()
    {
        var errors = TipRules.CheckPiece(null, 0, Chunk);

        Assert.Equal(["offset", "Content-Length"], errors.Messages.Select(m => m.Field));
    }

    [Fact]
    public void An_upload_keeps_only_the_file_name_and_needs_a_size_within_the_limit()
    {
        Assert.False(TipRules.CheckUpload(new TipUploadRequest(" photos/证据.jpg ", 1000), 1000, out var name).Any);
        Assert.Equal("证据.jpg", name);

        var errors = TipRules.CheckUpload(new TipUploadRequest(null, 1001), 1000, out _);

        Assert.Equal(["size", "name"], errors.Messages.Select(m => m.Field));
    }

    [Theory]
    [InlineData("trade_secret", true)]
    [InlineData("x", false)]
    [InlineData("Trade-Secret", false)]
    public void A_category_code_is_two_to_32_lower_case_letters_digits_or_underscores(string code, bool ok)
    {
        Assert.Equal(!ok, TipRules.CheckCategory(code, new TipCategoryRequest("侵犯商业秘密", null, null, null)).Any);
    }

    [Fact]
    public void A_calendar_day_is_a_sane_iso_date_that_says_whether_one_works()
    {
        Assert.False(TipRules.CheckCalendarDay("2026-10-10", new CalendarDayRequest(true, "国庆调休"), out var date).Any);
        Assert.Equal(new DateOnly(2026, 10, 10), date);

        Assert.Equal(["day"], TipRules.CheckCalendarDay("10/10/2026", new CalendarDayRequest(true, null), out _).Messages.Select(m => m.Field));
        Assert.Equal(["day", "isWorkday"], TipRules.CheckCalendarDay("1999-12-31", new CalendarDayRequest(null, null), out _)
            .Messages.Select(m => m.Field));
        Assert.True(TipRules.CheckYear(1999).Any);
        Assert.False(TipRules.CheckYear(2100).Any);
    }
}
